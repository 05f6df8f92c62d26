"""The words of the demo's sessions and announcements: neutral, made up, about no real person."""

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class Format:
    """A kind of session: how its title reads, when it usually starts and how long it lasts."""

    title: str  # May hold {topic}.
    starts: tuple[time, ...]
    minutes: int
    description: str


TOPICS = (
    "writing clear reports",
    "getting started with dashboards",
    "running a good workshop",
    "accessible documents",
    "spreadsheet tips and tricks",
    "process mapping",
    "measuring impact",
    "working with stakeholders",
    "planning a project well",
    "plain English",
    "surveys that people answer",
    "presenting data",
)

FORMATS = (
    Format(
        "Lunch and learn: {topic}",
        (time(12, 30), time(13, 0)),
        60,
        "Bring your lunch. A short talk on {topic}, then time for questions.\n\n"
        "All welcome, whether you are new to this or have done it for years.",
    ),
    Format(
        "Show and tell",
        (time(14, 0), time(15, 0)),
        60,
        "Members share something they have made or tried recently, five minutes each, "
        "followed by discussion.\n\nIf you would like a slot, reply to the host.",
    ),
    Format(
        "Data clinic",
        (time(10, 0), time(14, 0)),
        90,
        "Bring a question, a spreadsheet or a report you are stuck on, and work through it "
        "with colleagues.",
    ),
    Format(
        "Community meet-up",
        (time(12, 30), time(16, 0)),
        60,
        "An informal catch-up: news from the community, what is coming up, and time to meet "
        "other members.",
    ),
    Format(
        "Workshop: {topic}",
        (time(10, 0), time(14, 0)),
        120,
        "A hands-on session on {topic}. Please bring a laptop.",
    ),
    Format(
        "Reading group",
        (time(12, 30),),
        60,
        "We discuss a short article chosen by the host; the link is shared a week before.",
    ),
)

ROOMS = (
    "Seminar room 1",
    "Training room B",
    "Meeting room 3.02",
    "Staff common room",
    "Meeting room G.10",
    "Learning lab 2",
)

ANNOUNCEMENTS = (
    (
        "Welcome to our new members",
        "A warm welcome to everyone who has joined recently.\n\n"
        "Have a look at our upcoming sessions on the community page, and say hello at the "
        "next meet-up.",
    ),
    (
        "Slides from our last session",
        "Thank you to everyone who came. The slides are on the shared drive, and the host is "
        "happy to take questions by email.",
    ),
    (
        "Call for speakers",
        "We are planning the next few lunch and learn sessions. If you have something to "
        "share, **big or small**, please get in touch with one of the leads.",
    ),
    (
        "Save the date",
        "Our next community meet-up is coming up soon. Details and RSVP are on the session "
        "page; places are limited.",
    ),
    (
        "Tell us what you would like to learn",
        "What should we cover next? Reply to this email with a topic, and we will plan "
        "sessions around the most popular ones.",
    ),
)
