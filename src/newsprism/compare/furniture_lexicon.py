"""Word lists that recognise page furniture (see ``newsprism.compare.furniture``).

Kept apart from the rules so that the lists can grow without touching the logic; every entry
is lower case. They name what pages print around a story in many countries' news sites, not
anything of one story.
"""

from __future__ import annotations

# The last word of a byline's role or desk line ("Staff Reporter", "Web Desk", "Our
# Correspondent", "Foreign Bureau", "News Service").
ROLE_WORDS = frozenset(
    """
    desk reporter reporters correspondent correspondents editor editors writer writers staff
    bureau contributor contributors columnist journalist journalists photographer
    photographers photojournalist stringer service team newsroom agencies agency wires
    """.split()
)

# Words that open a byline ("By Jane Doe", "Reported by ...", "Words by ...").
BYLINE_OPENERS = (
    "by",
    "written by",
    "reported by",
    "story by",
    "text by",
    "words by",
    "compiled by",
    "edited by",
    "posted by",
    "report by",
)

# Labels of a credit-only line or of a photo credit ("Courtesy: ...", "Photo: ...").
CREDIT_LABELS = (
    "courtesy",
    "source",
    "sources",
    "credit",
    "credits",
    "photo",
    "photos",
    "photo credit",
    "photo credits",
    "file photo",
    "file image",
    "file picture",
    "image",
    "images",
    "image credit",
    "image source",
    "picture",
    "pictures",
    "pic",
    "pic credit",
    "photograph",
    "video",
    "video credit",
    "graphic",
    "graphics",
    "illustration",
    "representational image",
    "representative image",
    "cover photo",
    "featured image",
    "caption",
    "image caption",
    "media caption",
    "photo caption",
)

# How an editor's note about the article itself opens ("This is a developing story", "This
# article was first published ...", "Copyright ...").
NOTE_OPENERS = (
    "this is a developing story",
    "this story is developing",
    "this is a breaking news story",
    "this story has been updated",
    "this story was updated",
    "this article has been updated",
    "this article was updated",
    "this article was originally published",
    "this article was first published",
    "this story was originally published",
    "this story was first published",
    "this article first appeared",
    "this story first appeared",
    "an earlier version of this",
    "editor's note",
    "editor’s note",
    "correction:",
    "clarification:",
    "copyright",
    "all rights reserved",
    "©",
    "(c)",
)

# Labels of a link to another article ("Related: ...", "Read also: ...").
LINK_LABELS = (
    "related",
    "related news",
    "related stories",
    "related articles",
    "related coverage",
    "read",
    "read also",
    "also read",
    "read more",
    "see also",
    "also see",
    "more",
    "more on this",
    "recommended",
    "recommended stories",
    "watch",
    "watch video",
    "also watch",
    "listen",
    "trending",
    "must read",
    "don't miss",
    "top stories",
    "latest news",
    "suggested",
    "you may also like",
    "you might also like",
)

# Words of a page header's date line ("Published May 20, 2024", "Last Updated: 12:40 IST").
HEADER_DATE_WORDS = (
    "published",
    "updated",
    "last updated",
    "first published",
    "posted",
    "modified",
    "last modified",
    "created",
    "date",
    "dated",
)

# Photo agencies and picture libraries credited under photos (besides the wire agencies).
PHOTO_CREDITS = (
    "getty images",
    "getty",
    "shutterstock",
    "alamy",
    "istock",
    "istockphoto",
    "epa",
    "epa-efe",
    "sipa",
    "zuma",
    "zuma press",
    "imago",
    "anp",
    "ap photo",
    "afp photo",
    "reuters photo",
    "file",
    "file photo",
    "handout",
    "supplied",
    "x",
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "screengrab",
    "screenshot",
    "social media",
)
