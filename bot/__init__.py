"""newsbot: answers questions about news articles with cited passages."""
