"""Treaties: split a treaty into articles, code its provisions, compare treaties and link
provisions to the events between the parties that may be acting on them."""
