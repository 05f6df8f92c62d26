"""The words of the demo's community pages, projects and resources: neutral, made up, about no
real person. Any community the texts do not name gets a page written from its own summary."""

from dataclasses import dataclass, field

# Community pages -------------------------------------------------------------------------------

HOW_WE_MEET = (
    "We meet once a month over lunch, in person and online, for a short talk and time to "
    "talk it through. Between meetings we keep in touch in our online space, and small groups "
    "meet to work on the community's projects.\n\n"
    "Core members come to most meetings and help run them; wider members come when a topic "
    "suits them. Everyone is welcome to suggest a topic."
)

PAGES = {
    "student-recruitment": (
        "A community for staff who attract and recruit students to UCL: recruitment and "
        "outreach teams, admissions, and colleagues in departments who talk to applicants.\n\n"
        "We share what works at open days and fairs, compare how we answer applicants' "
        "questions, and keep a library of templates and guidance so nobody starts from a "
        "blank page."
    ),
    "internal-communications": (
        "A community for staff who keep UCL's own people informed and connected, in central "
        "teams and in faculties and departments.\n\n"
        "We swap approaches to newsletters, intranet pages and all-staff messages, and work "
        "together on making internal news clear, accessible and easy to find."
    ),
    "digital-communications": (
        "A community for staff who communicate for UCL through websites, social media and "
        "other digital channels.\n\n"
        "We learn from each other's campaigns, share tools and checklists for accessible "
        "content, and talk through the problems that come up again and again: approvals, "
        "analytics and keeping pages up to date."
    ),
    "events-management": (
        "A community for staff who plan and run events across UCL, from seminars to large "
        "conferences.\n\n"
        "We share suppliers' experiences, running orders, risk assessments and the lessons "
        "from events that went well and from those that did not."
    ),
    "appraisals-and-inductions": (
        "A community for staff who run appraisals and welcome new colleagues through "
        "inductions.\n\n"
        "We compare how teams prepare for appraisal conversations, share induction plans and "
        "checklists, and look for ways to make a new colleague's first weeks go smoothly."
    ),
    "data-and-insight": (
        "A community for staff who work with data and turn it into insight for decisions.\n\n"
        "We share techniques for dashboards, surveys and analysis, talk through data quality "
        "problems, and help each other present findings that people can act on."
    ),
    "project-and-programme-management": (
        "A community for staff who manage projects and programmes across UCL, whatever their "
        "job title says.\n\n"
        "We share templates and plans, talk through what made projects succeed or struggle, "
        "and offer each other a second pair of eyes on risks and stakeholder plans."
    ),
}


def page_for(name: str, summary: str, slug: str) -> tuple[str, str]:
    """The demo's description and "how we meet" for a community."""
    description = PAGES.get(slug) or (
        f"{summary or f'A community of practice: {name}.'}\n\n"
        "Members share what they have learnt, work on joint projects and keep a library of "
        "resources for colleagues who do similar work."
    )
    return description, HOW_WE_MEET


# Projects --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectIdea:
    title: str
    aim: str
    outcome: str


PROJECTS = (
    ProjectIdea(
        "A shared glossary of our terms",
        "Agree plain definitions of the terms we use every day, so colleagues in different "
        "departments mean the same thing by them.",
        "A glossary of **40 terms**, agreed at two meetings and published in our library. "
        "Teams now link to it from their guidance.",
    ),
    ProjectIdea(
        "Welcome pack for people new to the role",
        "Write a short welcome pack for colleagues who have just started this kind of work: "
        "who to ask, what to read first and which meetings to join.",
        "A six-page pack, tried with three new starters, whose suggestions went into the "
        "final version. Leads now send it to everyone who joins.",
    ),
    ProjectIdea(
        "Tidy up our templates",
        "Collect the templates members use, keep the best version of each, and retire the rest.",
        "Twelve templates reviewed; seven kept and updated, five retired. Each now says who "
        "looks after it.",
    ),
    ProjectIdea(
        "Peer review buddies",
        "Pair members up to review each other's work before it goes out, and find out "
        "whether it helps.",
        "Eight pairs over three months. Most said the reviews caught problems early; the "
        "scheme continues with volunteers.",
    ),
    ProjectIdea(
        "What training do members need?",
        "Ask members which skills they want to build, and plan the next year's sessions "
        "around the answers.",
        "A short survey answered by about half of the members. The top three topics became "
        "the next sessions.",
    ),
    ProjectIdea(
        "Case studies of what worked",
        "Write up short case studies of work that went well, with what made the difference, "
        "so others can reuse the ideas.",
        "Five case studies in the library, each one page, each with a contact to ask.",
    ),
    ProjectIdea(
        "Who does what, across departments",
        "Map who does this kind of work in each department, so people can find a colleague "
        "who has solved the same problem.",
        "A map of contacts in most departments, kept up to date by the community's leads.",
    ),
    ProjectIdea(
        "Accessible documents, step by step",
        "Agree simple steps for making documents accessible, and test them on real examples.",
        "A one-page checklist, tested on ten documents; the common fixes are now in our templates.",
    ),
    ProjectIdea(
        "A plain-English style sheet",
        "Collect the words and phrases that confuse readers, with plainer ones to use instead.",
        "A style sheet of common swaps, used by members when they write for other staff.",
    ),
    ProjectIdea(
        "Mentoring pilot",
        "Try pairing experienced members with newer ones for six months, and decide whether "
        "to keep it going.",
        "Six pairs took part. Mentees valued having someone outside their team to ask; the "
        "pilot becomes a yearly round.",
    ),
)

# Resources -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceIdea:
    """A resource of the demo libraries: a link (`url`) or a file made in `format`."""

    title: str
    kind: str
    description: str
    tags: tuple[str, ...]
    format: str = ""  # One of `files.FORMATS`: a file made by `files.make` from `lines`.
    file_name: str = ""
    lines: tuple[str, ...] = field(default_factory=tuple)
    url: str = ""


RESOURCES = (
    ResourceIdea(
        "Checklist: running a good workshop",
        "tool",
        "The checklist we use before, during and after a workshop. Print it or copy it.",
        ("workshops", "checklist"),
        format="pdf",
        file_name="Workshop checklist.pdf",
        lines=(
            "Before: agree the purpose, invite the right people, book a step-free room.",
            "During: start on time, keep to the agenda, write actions where all can see.",
            "After: send the notes and actions within two working days.",
        ),
    ),
    ResourceIdea(
        "Template: project brief",
        "tool",
        "A two-page brief for starting a small project: aim, scope, people, risks.",
        ("projects", "template"),
        format="docx",
        file_name="Project brief template.docx",
        lines=(
            "Aim: what the project sets out to do, in a sentence.",
            "Scope: what is in, and what is out.",
            "People: who leads, who takes part, who needs to know.",
            "Risks: what could go wrong, and what we will do about it.",
        ),
    ),
    ResourceIdea(
        "Tracker: actions from our meetings",
        "tool",
        "A simple spreadsheet for keeping track of actions agreed at meetings.",
        ("actions", "spreadsheet"),
        format="xlsx",
        file_name="Actions tracker.xlsx",
        lines=(
            "Action|Who|Status",
            "Write up the glossary draft|Core members|Done",
            "Book the next lunch and learn|Leads|Done",
            "Collect templates for review|Everyone|In progress",
        ),
    ),
    ResourceIdea(
        "Slides: plain English in five minutes",
        "experience",
        "The slides from a short talk at one of our lunch and learn sessions.",
        ("plain english", "writing", "slides"),
        format="pptx",
        file_name="Plain English in five minutes.pptx",
        lines=(
            "Say who it is for",
            "Put the point first",
            "Use short sentences and everyday words",
            "Test it on someone who was not in the room",
        ),
    ),
    ResourceIdea(
        "Chart: what members want to learn",
        "story",
        "How members answered our question about the skills they want to build.",
        ("survey", "skills"),
        format="png",
        file_name="What members want to learn.png",
        lines=("3", "7", "9", "5", "6"),
    ),
    ResourceIdea(
        "Photo: the whiteboard from our process-mapping session",
        "experience",
        "What the whiteboard looked like at the end of the session: our first map of the "
        "process, sticky notes and all.",
        ("process mapping", "workshops"),
        format="jpeg",
        file_name="Process mapping whiteboard.jpg",
    ),
    ResourceIdea(
        "Data: anonymised answers to our skills survey",
        "document",
        "The survey's answers with names removed, for anyone who wants to look again.",
        ("survey", "data"),
        format="csv",
        file_name="Skills survey answers.csv",
        lines=(
            "Topic|Answer|People",
            "Writing clear reports|Want to learn|12",
            "Presenting data|Want to learn|9",
            "Running workshops|Could share|7",
            "Process mapping|Could share|5",
        ),
    ),
    ResourceIdea(
        "Notes: what we learnt from checking our documents",
        "story",
        "Short notes from the accessibility check of our shared documents.",
        ("accessibility", "lessons learnt"),
        format="txt",
        file_name="Accessibility check notes.txt",
        lines=(
            "Most problems were missing headings and images without descriptions.",
            "Tables were easier to fix than we expected.",
            "Starting from an accessible template saves the most time.",
        ),
    ),
    ResourceIdea(
        "How we named shared files so people could find them",
        "solution",
        "Our agreed way of naming files in shared folders, and why it helped.",
        ("shared drives", "naming"),
        format="docx",
        file_name="Naming shared files.docx",
        lines=(
            "Start with the date as year-month-day, so files sort in order.",
            "Then the subject, then the version: no “final-final”.",
            "Keep names short and without special characters.",
        ),
    ),
    ResourceIdea(
        "Story: our first community survey",
        "story",
        "What happened when a small team ran its first survey of members, and what we would "
        "do differently.",
        ("survey", "lessons learnt"),
        format="pdf",
        file_name="Our first survey.pdf",
        lines=(
            "We asked too many questions: keep it to ten.",
            "A reminder a week later doubled the answers.",
            "Sharing the results quickly made people want to answer the next one.",
        ),
    ),
    ResourceIdea(
        "GOV.UK style guide",
        "link",
        "A clear guide to writing plainly, with an A to Z of common questions.",
        ("writing", "plain english"),
        url="https://www.gov.uk/guidance/style-guide",
    ),
    ResourceIdea(
        "Web Content Accessibility Guidelines: quick reference",
        "link",
        "The W3C's quick reference to meeting the accessibility guidelines.",
        ("accessibility",),
        url="https://www.w3.org/WAI/WCAG22/quickref/",
    ),
    ResourceIdea(
        "Plain English Campaign: free guides",
        "link",
        "Free guides to writing plainly, including one on alternative words.",
        ("plain english", "writing"),
        url="https://www.plainenglish.co.uk/free-guides.html",
    ),
    ResourceIdea(
        "GOV.UK Service Manual",
        "link",
        "How government teams plan, run and improve services; much of it applies to ours.",
        ("services", "projects"),
        url="https://www.gov.uk/service-manual",
    ),
)
