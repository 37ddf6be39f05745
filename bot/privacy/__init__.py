"""What a customer's conversation may keep about them.

`redaction` takes e-mail addresses, phone numbers and card numbers out of messages before
they are stored. Independent of HTTP and SQL; the storage layer applies it.
"""
