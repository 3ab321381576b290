"""Discord's REST API and gateway played on loopback, for end-to-end bot tests.

See README.md in this folder for the API and an example test.
"""

from . import payloads
from .errorlog import DiscordErrorLog
from .records import RecordedRequest
from .redirect import LoopbackOnlyConnector, NonLoopbackRequestError, redirect_discord
from .runner import running_bot
from .server import FakeDiscord

__all__ = [
    "DiscordErrorLog",
    "FakeDiscord",
    "LoopbackOnlyConnector",
    "NonLoopbackRequestError",
    "RecordedRequest",
    "payloads",
    "redirect_discord",
    "running_bot",
]
