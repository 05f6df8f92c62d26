"""More communities for a demo or a load test at UCL's scale: `seed_demo --communities 200`.

The programme publishes nine communities (fixtures/ucl_cop.json). A load test at the scale UCL
expects needs about two hundred, so this adds made-up ones, with names of the kind professional
services staff would give them, in the five practice areas, until the catalogue holds the number
asked for. About one in five is still in preparation; the others launched at some point in the
last eighteen months. The same number always gives the same communities, in the same order
(their launch dates count back from the day they are made), and a community already there,
under its name or its address, is never made twice, changed or removed.
"""

import itertools
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from communities.models import Community, PracticeArea

PREPARING_EVERY = 5  # Every fifth made-up community is still in preparation.

# The topics each practice area's made-up communities are about. The lists are walked in turn
# (one from each area, then the next from each), so any number spreads over every area.
TOPICS = {
    "communications-and-marketing": (
        "Brand and Visual Identity", "Social Media", "Web Content Editors",
        "Press and Media Relations", "Alumni Relations", "Email Marketing",
        "Photography and Video", "Copywriting and Editorial", "Accessible Communications",
        "Campaign Planning", "Marketing Analytics", "Search Engine Optimisation",
        "Content Design", "Stakeholder Engagement", "Crisis Communications",
        "Public Engagement", "Staff Newsletters", "Podcasting", "Graphic Design",
        "Community Outreach", "Research Communications", "International Marketing",
        "Postgraduate Marketing", "Open Days and Campus Tours", "Print and Publications",
        "Sponsorship and Partnerships", "Student Stories", "Speechwriting",
        "Marketing Automation", "Customer Relationship Management", "Paid Advertising",
        "Student Ambassadors", "Translation and Localisation", "Exhibitions and Displays",
        "Corporate Communications", "Graduation Ceremonies", "Conference Organising",
        "Storytelling with Data", "Video Production", "Microsite Owners",
    ),
    "human-resources": (
        "Recruitment and Selection", "Onboarding", "Learning and Development",
        "Coaching and Mentoring", "Equality, Diversity and Inclusion", "Wellbeing Champions",
        "Employee Relations", "Reward and Recognition", "Pay and Grading",
        "Pensions Administration", "Payroll", "HR Systems", "Workforce Planning",
        "Apprenticeships", "Performance Reviews", "Flexible and Hybrid Working",
        "Mental Health First Aiders", "Occupational Health", "Leadership Development",
        "Change Management", "Organisational Design", "Talent Management",
        "Succession Planning", "Immigration and Visas", "Staff Surveys", "Line Managers",
        "Researcher Development", "Job Evaluation", "Disability Advisers", "Menopause Support",
        "Parents and Carers", "Staff Network Coordinators", "Retention and Exit Interviews",
        "Academic Promotions", "Casual Workers Administration", "HR Policy Writers",
        "Staff Volunteering", "Dignity at Work", "Employee Benefits", "HR Business Partners",
    ),
    "planning": (
        "Strategic Planning", "Business Intelligence", "Data Visualisation", "Data Quality",
        "Student Number Forecasting", "Financial Planning", "Space Planning",
        "Risk Management", "Portfolio Management", "Business Analysis", "Process Improvement",
        "Benchmarking", "League Tables and Rankings", "Statutory Returns", "Survey Analysis",
        "Agile Delivery", "Change Delivery", "Benefits Realisation",
        "Research Excellence Framework", "Teaching Excellence Framework",
        "Key Performance Indicators", "Capital Planning", "Scenario Modelling",
        "Policy and Governance", "Programme Assurance", "Timetabling", "Enterprise Architecture",
        "Sustainability Planning", "Business Continuity", "Procurement Planning",
        "Power BI Users", "SQL and Reporting", "Automation in Administration",
        "Forecasting and Budgeting", "Service Design", "User Research", "Decision Support",
        "Records Management", "Information Governance", "Project Management Offices",
    ),
    "student-support-services": (
        "Student Wellbeing", "Neurodiversity Support", "Mental Health Advisers",
        "Academic Skills", "Careers Guidance", "Personal Tutoring", "Student Finance Advice",
        "Accommodation Services", "International Student Support", "Admissions",
        "Student Records", "Examinations", "Exam Adjustments", "Extenuating Circumstances",
        "Complaints and Appeals", "Graduate Research Administration",
        "Placements and Work Experience", "Study Abroad", "Peer Mentoring",
        "Student Representation", "Faith and Belief Support", "Care Leavers and Estranged Students",
        "Mature Students", "Commuter Students", "Library Enquiries", "Digital Skills for Students",
        "Induction and Welcome", "Student Safety", "Report and Support",
        "Funding and Scholarships", "Visa Compliance", "Course Administration",
        "Teaching Administrators", "Postgraduate Taught Administration",
        "Doctoral Training Support", "Student Engagement", "Transitions into University",
        "Student Data Protection", "Schools Outreach", "Retention and Progression",
    ),
    "technicians": (
        "Laboratory Safety", "Workshop Technicians", "Chemical Stores", "Biological Safety",
        "Radiation Protection", "Microscopy", "Mass Spectrometry", "Cell Culture",
        "Animal Technicians", "3D Printing and Fabrication", "Electronics Workshop",
        "Audio-Visual Technicians", "IT Support Technicians", "Research Computing",
        "Teaching Laboratories", "Field Equipment", "Cleanroom Operations",
        "Equipment Maintenance", "Technical Apprentices", "Fume Cupboards and Ventilation",
        "Cryogenics", "Scientific Glassblowing", "Imaging Facilities", "Genomics Facilities",
        "Engineering Workshops", "Materials Testing", "Technical Skills Training",
        "Sustainable Laboratories", "Sample Management", "Hazardous Waste",
        "Art and Design Studios", "Theatre and Performance Technicians",
        "Museum and Collections Technicians", "Makerspaces", "Instrument Calibration",
        "Robotics Laboratories", "Digital Fabrication", "Science Outreach Technicians",
        "Technical Careers", "High-Performance Computing",
    ),
}  # fmt: skip

# Past two hundred, the same topics again at UCL's other sites.
SITES = ("", " at UCL East", " at Bloomsbury", " at the Royal Free")

SUMMARIES = (
    "Staff who share their practice in {topic} across UCL.",
    "Staff who work on {topic}, in central teams and in departments.",
    "Staff who meet to compare how they approach {topic}.",
)

# Topics kept as they are inside a summary: proper names. (Abbreviations such as HR stay too.)
PROPER = {"Research Excellence Framework", "Teaching Excellence Framework", "Power BI Users"}


def made_up() -> list[tuple[str, str, str]]:
    """Every (practice area slug, topic, site) this module can make, in the order it makes them;
    a community's name is its topic and site together."""
    rounds = itertools.zip_longest(*(TOPICS[slug] for slug in TOPICS))
    by_topic = [
        (slug, topic)
        for row in rounds
        for slug, topic in zip(TOPICS, row, strict=True)
        if topic is not None
    ]
    return [(slug, topic, site) for site in SITES for slug, topic in by_topic]


def most() -> int:
    """How many communities this module can make."""
    return len(made_up())


def _topic(topic: str) -> str:
    """A topic as it reads inside a sentence: "Social Media" becomes "social media"."""
    if topic in PROPER:
        return topic
    words = topic.split(" ")
    return " ".join(
        word.lower() if word[:1].isupper() and word[1:].islower() else word for word in words
    )


@transaction.atomic
def ensure(total: int) -> int:
    """Add made-up communities until the catalogue holds `total`; return how many were added.

    A catalogue that already holds `total` or more is left as it is. Practice areas the
    programme has not loaded are skipped. Rows are written in one bulk insert with a history
    row each ("created"), as the admin would leave them.
    """
    missing = total - Community.objects.count()
    if missing <= 0:
        return 0
    areas = PracticeArea.objects.in_bulk(field_name="slug")
    taken_names = set(Community.objects.values_list("name", flat=True))
    taken_slugs = set(Community.objects.values_list("slug", flat=True))
    today = timezone.localdate()
    rows = []
    for index, (area_slug, topic, site) in enumerate(made_up()):
        if len(rows) == missing:
            break
        name = f"{topic}{site}"
        slug = slugify(name)
        if area_slug not in areas or name in taken_names or slug in taken_slugs:
            continue
        preparing = index % PREPARING_EVERY == PREPARING_EVERY - 1
        rows.append(
            Community(
                name=name,
                slug=slug,
                practice_area=areas[area_slug],
                status=Community.Status.PREPARING if preparing else Community.Status.LAUNCHED,
                summary=SUMMARIES[index % len(SUMMARIES)].format(topic=_topic(topic)),
                # Spread over the last eighteen months, never in the last fortnight.
                launched_on=None if preparing else today - timedelta(days=14 + index * 37 % 530),
            )
        )
    bulk_create_with_history(rows, Community, batch_size=500)
    return len(rows)
