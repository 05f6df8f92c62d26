"""The made-up people of the demo: the three demo sign-ins, and the names, departments and job
titles that synthetic staff are drawn from. Nothing here is a real person's data.
"""

from dataclasses import dataclass

DEMO_DOMAIN = "demo.ucl-cop.invalid"


@dataclass(frozen=True)
class SignIn:
    """A demo account with a real password, for trying the portal as each role."""

    role: str
    email: str
    full_name: str
    password: str
    job_title: str
    department: str


SIGN_INS = (
    SignIn(
        role="Staff member",
        email=f"staff@{DEMO_DOMAIN}",
        full_name="Jordan Ellis (demo sign-in)",
        password="demo-staff-sign-in",
        job_title="Communications Officer",
        department="UCL Communications and Marketing",
    ),
    SignIn(
        # The seed names Tom Rowson as the Planning sponsor. The demo account stands in for his
        # real account, as the Head would link it, and says so in its name.
        role="SMT sponsor (Planning)",
        email=f"sponsor@{DEMO_DOMAIN}",
        full_name="Tom Rowson (demo sign-in)",
        password="demo-sponsor-sign-in",
        job_title="SMT sponsor",
        department="",
    ),
    SignIn(
        role="Head of CoPs",
        email=f"head@{DEMO_DOMAIN}",
        full_name="Daniela Bultoc (demo sign-in)",
        password="demo-head-sign-in",
        job_title="Head of Communities of Practice",
        department="Organisational Development",
    ),
)
SIGN_IN_EMAILS = frozenset(sign_in.email for sign_in in SIGN_INS)
DEMO_SPONSORED_AREA = "planning"

FIRST_NAMES = (
    "Aisha", "Alex", "Amara", "Amir", "Anna", "Ben", "Chen", "Chloe", "Daniel", "Deepa",
    "Ella", "Emeka", "Emily", "Fatima", "Finn", "Grace", "Hannah", "Harry", "Ibrahim", "Isla",
    "Jack", "James", "Jasmine", "Joanna", "Kwame", "Laura", "Leah", "Liam", "Lucy", "Maria",
    "Mark", "Maya", "Mei", "Michael", "Mohammed", "Nadia", "Naomi", "Nathan", "Niamh", "Oliver",
    "Olivia", "Omar", "Priya", "Rachel", "Rhys", "Rosa", "Ryan", "Sam", "Sarah", "Seren",
    "Simon", "Sofia", "Sophie", "Tariq", "Thomas", "Tom", "Wei", "William", "Yasmin", "Zara",
)  # fmt: skip
SURNAMES = (
    "Adeyemi", "Ahmed", "Ali", "Anderson", "Baker", "Begum", "Bennett", "Brown", "Campbell",
    "Chan", "Clarke", "Collins", "Davies", "Evans", "Fernandes", "Fraser", "Green", "Gupta",
    "Hall", "Harris", "Hughes", "Hussain", "Jackson", "James", "Jones", "Kaur", "Kelly", "Khan",
    "Kowalski", "Lewis", "Li", "Martin", "Mensah", "Mitchell", "Morgan", "Murphy", "Nguyen",
    "O'Brien", "Okafor", "Owen", "Patel", "Price", "Quinn", "Rahman", "Roberts", "Robinson",
    "Rossi", "Scott", "Shah", "Singh", "Smith", "Taylor", "Thomas", "Thompson", "Turner",
    "Walker", "Wang", "Watson", "White", "Williams", "Wilson", "Wood", "Wright", "Zhang",
)  # fmt: skip

# Professional services departments, each with the practice area its staff lean towards (or
# None) and the job titles typical of it.
DEPARTMENTS = (
    ("UCL Communications and Marketing", "communications-and-marketing",
     ("Communications Officer", "Digital Content Editor", "Marketing Manager",
      "Events Coordinator")),
    ("Student Recruitment and Marketing", "communications-and-marketing",
     ("Recruitment Officer", "Student Recruitment Manager", "Marketing Officer")),
    ("Human Resources", "human-resources",
     ("HR Adviser", "HR Business Partner", "Learning and Development Officer", "HR Administrator")),
    ("Organisational Development", "human-resources",
     ("Organisational Development Adviser", "Learning Consultant")),
    ("Strategic Planning and Performance", "planning",
     ("Data Analyst", "Planning Officer", "Senior Planning Analyst",
      "Business Intelligence Developer")),
    ("Portfolio and Programme Management Office", "planning",
     ("Project Manager", "Programme Manager", "PMO Analyst", "Business Analyst")),
    ("Access and Widening Participation", "student-support-services",
     ("Widening Participation Officer", "Outreach Coordinator", "Schools Liaison Officer")),
    ("Student Support and Wellbeing", "student-support-services",
     ("Student Adviser", "Wellbeing Adviser", "Student Support Officer")),
    ("Faculty of Engineering Sciences", "technicians",
     ("Research Technician", "Senior Technician", "Laboratory Manager")),
    ("Faculty of Life Sciences", "technicians",
     ("Laboratory Technician", "Technical Specialist", "Workshop Technician")),
    ("Finance and Business Affairs", None,
     ("Finance Officer", "Management Accountant", "Purchasing Officer")),
    ("Information Services Division", None,
     ("Service Desk Analyst", "Systems Administrator", "Digital Project Officer")),
    ("Estates", None, ("Facilities Manager", "Space Planning Officer", "Estates Administrator")),
    ("Student and Registry Services", None,
     ("Registry Officer", "Assessment Officer", "Admissions Officer", "Timetabling Officer")),
    ("Research and Innovation Services", None,
     ("Research Grants Officer", "Contracts Manager", "Research Impact Officer")),
    ("UCL Library Services", None, ("Library Assistant", "Subject Liaison Librarian")),
    ("Legal Services", None, ("Paralegal", "Legal Adviser")),
    ("Governance and Compliance", None, ("Compliance Officer", "Governance Administrator")),
    ("Office of the Vice-Provost (Advancement)", None,
     ("Development Officer", "Alumni Relations Officer", "Stewardship Officer")),
    ("Faculty of Arts and Humanities", None,
     ("Faculty Administrator", "Teaching and Learning Administrator", "Departmental Manager")),
)  # fmt: skip
