"""Archives and compression: gzip/gunzip/zcat (the format through Python's zlib) and tar."""
