"""Article indexing: reading, sentence chunking, embedding, quote extraction and storage."""
