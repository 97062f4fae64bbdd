"""Files on disk: reading TOML safely, writing atomically, every kind of file we keep."""
