"""Staff accounts: who may use the console, how they prove it, and when they are locked out.

Plain Python with no HTTP or SQL: `bot.storage.staff` keeps these records and
`bot.web.staff_session` puts them behind cookies.
"""
