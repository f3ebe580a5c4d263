"""Update handlers, one module per concern; `bot.telegram.app.build_application` registers them."""
