"""What a write command says when the store could not keep the write, and how long it waits.

A write a user asked for (a setting, a vote) is awaited, not written behind, so the reply
never says "Changed" or "noted" for something that was not saved. Discord wants the first
response within 3 s: past WRITE_WAIT the reply says the write is not confirmed.
"""

from __future__ import annotations

WRITE_WAIT = 2.5  # seconds a command waits on the store before it answers anyway

NOT_KEPT = (
    "Not saved: the feedback store could not keep {what} right now (the reason is in the "
    "bot's log). Nothing was changed; please try again later."
)
NOT_CONFIRMED = (
    "Not confirmed: the feedback store is slow right now, so I cannot say whether {what} "
    "was saved. Please check again in a minute."
)
