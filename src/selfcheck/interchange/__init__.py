"""Catalogues to and from other formats: 1EdTech CASE competency frameworks."""
