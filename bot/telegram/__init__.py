"""The Telegram front end: a python-telegram-bot v22 application over the answering service.

`app.build_application` wires everything; `handlers/` holds one module per concern; `format` turns
answers into Telegram HTML; `runner` keeps the CPU-bound service off the event loop.
"""
