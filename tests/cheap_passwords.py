"""A cheap password hasher for tests that make staff accounts or log in.

Production hashes with argon2-cffi's default profile, about half a second per hash or
check on a busy machine; tests that only need an account pay nothing with this one. The
app (`create_app(passwords=...)`), `StaffDirectory` and `tailor staff` all take it.
`tests/staff/test_passwords.py` proves the default profile, and one web test logs in
with it end to end.
"""

from __future__ import annotations

from argon2 import PasswordHasher

from bot.staff.passwords import Passwords

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
CHEAP_PASSWORDS = Passwords(CHEAP_HASHER)
"""One instance for the test process, so its dummy hash is made once, as in the app."""
