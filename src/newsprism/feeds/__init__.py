"""Following feeds all day: subscriptions, conditional polling, per-feed schedules.

``follow`` adds feeds (URLs or OPML lists) to the store; ``poll_due`` runs one round of
conditional GETs over the due feeds and stores their new items; ``watch`` loops over rounds
(``WatchThread`` runs it beside the web app). Modules: ``subscriptions``, ``http`` (the
conditional GET), ``schedule`` (when to come back), ``poller``, ``watch``.
"""

from newsprism.feeds.poller import FeedPoll, PollRound, poll_due, poll_feed
from newsprism.feeds.schedule import SchedulePolicy
from newsprism.feeds.subscriptions import Subscription, follow
from newsprism.feeds.watch import WatchOptions, WatchThread, watch

__all__ = [
    "FeedPoll",
    "PollRound",
    "SchedulePolicy",
    "Subscription",
    "WatchOptions",
    "WatchThread",
    "follow",
    "poll_due",
    "poll_feed",
    "watch",
]
