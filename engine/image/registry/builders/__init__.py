"""One module per official image, plus the helpers they share to write file trees."""
