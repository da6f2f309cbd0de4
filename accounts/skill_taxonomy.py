"""The seed skills taxonomy: skills co-operatives ask mentors for, grouped by category.

Plain data with no Django imports, so the matching engine and its command line can use it
without a configured project. Names are unique ignoring case, synonyms never repeat another
skill's name or synonym, and no synonym contains a comma (the database stores them joined by
commas).
"""

from typing import NamedTuple


class SkillSeed(NamedTuple):
    """One skill: its display name, its category and other names people use for it."""

    name: str
    category: str
    synonyms: tuple[str, ...] = ()


FINANCE = "Finance"
GOVERNANCE = "Governance"
LEGAL = "Legal"
MEMBERSHIP = "Membership"
MARKETING = "Marketing & sales"
OPERATIONS = "Operations"
PEOPLE = "People"
FUNDING = "Funding & investment"
DIGITAL = "Digital"
STRATEGY = "Strategy"
HOUSING = "Housing"

CATEGORIES: tuple[str, ...] = (
    FINANCE,
    GOVERNANCE,
    LEGAL,
    MEMBERSHIP,
    MARKETING,
    OPERATIONS,
    PEOPLE,
    FUNDING,
    DIGITAL,
    STRATEGY,
    HOUSING,
)

S = SkillSeed

SKILLS: tuple[SkillSeed, ...] = (
    # Finance
    S("Bookkeeping", FINANCE, ("accounts", "book-keeping", "ledgers", "record keeping")),
    S("Cash-flow forecasting", FINANCE, ("cash flow", "cashflow", "cash forecasting")),
    S("Budgeting", FINANCE, ("budgets", "budget setting")),
    S("Management accounts", FINANCE, ("monthly accounts", "management reporting")),
    S("Annual accounts", FINANCE, ("year-end accounts", "statutory accounts", "final accounts")),
    S("Payroll", FINANCE, ("wages", "PAYE")),
    S("VAT and tax", FINANCE, ("VAT", "corporation tax", "tax returns")),
    S("Pricing and costing", FINANCE, ("pricing", "costing", "margins")),
    S("Financial controls", FINANCE, ("internal controls", "audit preparation", "audit")),
    S("Reading financial statements", FINANCE, ("financial literacy", "understanding accounts")),
    # Governance
    S("Board governance", GOVERNANCE, ("governance", "board effectiveness", "committee")),
    S("Running general meetings", GOVERNANCE, ("AGM", "general meetings", "EGM")),
    S("Chairing meetings", GOVERNANCE, ("chairing", "chair")),
    S("Company secretary duties", GOVERNANCE, ("secretary", "minute taking", "minutes")),
    S("Consensus decision-making", GOVERNANCE, ("consensus", "collective decisions")),
    S("Sociocracy", GOVERNANCE, ("dynamic governance", "circles")),
    S("Policies and procedures", GOVERNANCE, ("policy writing", "procedures")),
    S("Risk management", GOVERNANCE, ("risk register", "risk assessment")),
    S("Director and trustee duties", GOVERNANCE, ("directors' duties", "trustee duties")),
    S(
        "Co-operative values and principles",
        GOVERNANCE,
        ("co-op principles", "ICA principles", "co-operative identity"),
    ),
    # Legal
    S(
        "Co-operative legal structures",
        LEGAL,
        ("legal structures", "legal form", "incorporation", "co-op legal structures"),
    ),
    S("Model rules", LEGAL, ("rules", "governing document", "articles of association")),
    S("Rule changes", LEGAL, ("amending rules", "rule amendments")),
    S("Community benefit societies", LEGAL, ("BenCom", "community benefit society")),
    S("Co-operative societies", LEGAL, ("bona fide co-operative", "co-op society")),
    S("Company law", LEGAL, ("companies act", "company limited by guarantee")),
    S("Contracts", LEGAL, ("contract law", "supplier contracts")),
    S("Employment law", LEGAL, ("employment rights", "employment contracts")),
    S("Data protection", LEGAL, ("GDPR", "privacy")),
    S("Regulatory compliance", LEGAL, ("FCA registration", "annual return", "compliance")),
    S("Intellectual property", LEGAL, ("trademarks", "copyright")),
    S("Leases and property law", LEGAL, ("leases", "commercial property")),
    # Membership
    S(
        "Member engagement",
        MEMBERSHIP,
        ("member participation", "engaging members", "member involvement"),
    ),
    S("Member recruitment", MEMBERSHIP, ("recruiting members", "growing membership")),
    S("Member communications", MEMBERSHIP, ("newsletters", "member updates")),
    S("Member education and training", MEMBERSHIP, ("co-op education", "member training")),
    S(
        "Membership administration",
        MEMBERSHIP,
        ("share register", "member register", "membership records"),
    ),
    S("Multi-stakeholder membership", MEMBERSHIP, ("multi-stakeholder", "solidarity co-op")),
    S("Volunteer management", MEMBERSHIP, ("volunteers", "volunteering")),
    S("Member consultation", MEMBERSHIP, ("member surveys", "member feedback", "consultation")),
    S("Member democracy", MEMBERSHIP, ("voting", "elections", "democratic participation")),
    # Marketing & sales
    S("Marketing strategy", MARKETING, ("marketing", "marketing plan")),
    S("Branding", MARKETING, ("brand", "visual identity")),
    S("Social media", MARKETING, ("facebook", "instagram", "social media marketing")),
    S("Sales", MARKETING, ("selling", "sales pipeline", "business development")),
    S("Customer service", MARKETING, ("customer care", "customer experience")),
    S("Public relations", MARKETING, ("PR", "press", "media relations")),
    S("Market research", MARKETING, ("customer research", "market analysis")),
    S("Retail merchandising", MARKETING, ("merchandising", "shop display")),
    S("Storytelling", MARKETING, ("impact stories", "case studies")),
    S("Events and campaigns", MARKETING, ("events", "campaigning")),
    S("Tendering", MARKETING, ("tenders", "public procurement", "bids for contracts")),
    # Operations
    S("Supply chain", OPERATIONS, ("suppliers", "procurement", "purchasing")),
    S("Stock control", OPERATIONS, ("inventory", "stock management")),
    S("Logistics and distribution", OPERATIONS, ("distribution", "delivery", "logistics")),
    S("Health and safety", OPERATIONS, ("H&S", "safety")),
    S("Quality management", OPERATIONS, ("quality assurance", "QA")),
    S("Project management", OPERATIONS, ("projects", "project planning")),
    S("Premises and facilities", OPERATIONS, ("facilities", "premises")),
    S("Food hygiene", OPERATIONS, ("food safety", "hygiene ratings")),
    S("Environmental sustainability", OPERATIONS, ("sustainability", "net zero", "carbon")),
    S("Process improvement", OPERATIONS, ("lean", "efficiency", "workflows")),
    # People
    S("Recruitment and hiring", PEOPLE, ("hiring", "recruitment", "job descriptions")),
    S("HR policies", PEOPLE, ("HR", "human resources", "staff handbook")),
    S("Conflict resolution", PEOPLE, ("conflict", "mediation", "disputes")),
    S("Facilitation", PEOPLE, ("facilitating", "workshop facilitation")),
    S(
        "Leadership in flat structures",
        PEOPLE,
        ("shared leadership", "non-hierarchical leadership", "flat structures"),
    ),
    S("Team development", PEOPLE, ("team building", "teamwork")),
    S("Wellbeing at work", PEOPLE, ("wellbeing", "mental health at work", "burnout")),
    S("Pay and reward policy", PEOPLE, ("pay ratios", "reward", "pay policy")),
    S("Training and induction", PEOPLE, ("induction", "onboarding", "staff training")),
    S("Equality and inclusion", PEOPLE, ("EDI", "diversity", "inclusion", "equality")),
    S("Performance and feedback", PEOPLE, ("appraisals", "peer feedback", "performance reviews")),
    # Funding & investment
    S(
        "Community shares",
        FUNDING,
        ("community share offer", "share offer", "withdrawable shares"),
    ),
    S(
        "Grant funding",
        FUNDING,
        ("grants", "grant applications", "bid writing", "funding applications"),
    ),
    S("Loan finance", FUNDING, ("loans", "debt finance", "borrowing")),
    S("Crowdfunding", FUNDING, ("crowdfunder", "rewards crowdfunding")),
    S("Social investment", FUNDING, ("impact investment", "social lenders")),
    S("Investor readiness", FUNDING, ("investment readiness", "pitching to investors")),
    S("Fundraising", FUNDING, ("donations", "fundraising strategy")),
    S("Financial modelling", FUNDING, ("financial projections", "financial model")),
    S("Community asset transfer", FUNDING, ("asset transfer", "CAT")),
    S("Member capital", FUNDING, ("share capital", "capital structure")),
    # Digital
    S("Website management", DIGITAL, ("website", "web design", "wordpress")),
    S("Platform co-operatives", DIGITAL, ("platform co-ops", "online platforms", "marketplaces")),
    S("IT systems", DIGITAL, ("IT", "IT support", "computers")),
    S("Cyber security", DIGITAL, ("cybersecurity", "passwords", "phishing")),
    S("Spreadsheets and data", DIGITAL, ("spreadsheets", "excel", "data analysis")),
    S("E-commerce", DIGITAL, ("online shop", "ecommerce", "online sales")),
    S("Online collaboration tools", DIGITAL, ("loomio", "slack", "collaboration tools")),
    S("Accounting software", DIGITAL, ("xero", "quickbooks", "sage")),
    S("Software development", DIGITAL, ("programming", "coding", "app development")),
    # Strategy
    S("Business planning", STRATEGY, ("business plan", "business plans")),
    S("Strategic planning", STRATEGY, ("strategy", "strategic plan")),
    S(
        "Conversion to a co-op",
        STRATEGY,
        ("co-op conversion", "converting to a co-op", "business succession"),
    ),
    S("Employee ownership", STRATEGY, ("EOT", "employee-owned", "employee ownership trust")),
    S("Start-up support", STRATEGY, ("starting a co-op", "new co-op", "start-up")),
    S("Social impact measurement", STRATEGY, ("impact measurement", "social value")),
    S("Growth and scaling", STRATEGY, ("scaling up", "growth", "expansion")),
    S("Co-op to co-op collaboration", STRATEGY, ("secondary co-ops", "consortium", "co-op trade")),
    S("Turnaround and recovery", STRATEGY, ("turnaround", "business recovery", "insolvency")),
    S("Mergers", STRATEGY, ("amalgamation", "transfer of engagements")),
    # Housing
    S("Housing co-op management", HOUSING, ("housing management", "tenancy management")),
    S("Rent setting", HOUSING, ("rents", "rent policy")),
    S("Property maintenance", HOUSING, ("repairs", "maintenance", "planned maintenance")),
    S("Housing development", HOUSING, ("new homes", "self-build", "housing schemes")),
    S("Allocations and lettings", HOUSING, ("allocations", "lettings", "lettings policy")),
    S("Community land trusts", HOUSING, ("CLT", "community land trust")),
    S("Mortgage finance", HOUSING, ("mortgages", "housing finance")),
    S("Housing regulation", HOUSING, ("housing standards", "regulator of social housing")),
    S("Arrears management", HOUSING, ("rent arrears", "arrears")),
)

del S
