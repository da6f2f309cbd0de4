"""The seed skills taxonomy: skills co-operatives ask mentors for, grouped by category.

Plain data with no Django imports, so the matching engine and its command line can use it
without a configured project. Names are unique ignoring case, synonyms never repeat another
skill's name or synonym, and no synonym contains a comma (the database stores them joined by
commas).
"""

from typing import NamedTuple


def _(text: str) -> str:
    """Marks a name for the Welsh catalogue (`make messages` looks for `_`); pages translate it
    when they show it. A no-op here, so this module still needs no Django."""
    return text


class SkillSeed(NamedTuple):
    """One skill: its display name, its category and other names people use for it."""

    name: str
    category: str
    synonyms: tuple[str, ...] = ()


FINANCE = _("Finance")
GOVERNANCE = _("Governance")
LEGAL = _("Legal")
MEMBERSHIP = _("Membership")
MARKETING = _("Marketing & sales")
OPERATIONS = _("Operations")
PEOPLE = _("People")
FUNDING = _("Funding & investment")
DIGITAL = _("Digital")
STRATEGY = _("Strategy")
HOUSING = _("Housing")

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
    S(_("Bookkeeping"), FINANCE, ("accounts", "book-keeping", "ledgers", "record keeping")),
    S(_("Cash-flow forecasting"), FINANCE, ("cash flow", "cashflow", "cash forecasting")),
    S(_("Budgeting"), FINANCE, ("budgets", "budget setting")),
    S(_("Management accounts"), FINANCE, ("monthly accounts", "management reporting")),
    S(_("Annual accounts"), FINANCE, ("year-end accounts", "statutory accounts", "final accounts")),
    S(_("Payroll"), FINANCE, ("wages", "PAYE")),
    S(_("VAT and tax"), FINANCE, ("VAT", "corporation tax", "tax returns")),
    S(_("Pricing and costing"), FINANCE, ("pricing", "costing", "margins")),
    S(_("Financial controls"), FINANCE, ("internal controls", "audit preparation", "audit")),
    S(_("Reading financial statements"), FINANCE, ("financial literacy", "understanding accounts")),
    # Governance
    S(_("Board governance"), GOVERNANCE, ("governance", "board effectiveness", "committee")),
    S(_("Running general meetings"), GOVERNANCE, ("AGM", "general meetings", "EGM")),
    S(_("Chairing meetings"), GOVERNANCE, ("chairing", "chair")),
    S(_("Company secretary duties"), GOVERNANCE, ("secretary", "minute taking", "minutes")),
    S(_("Consensus decision-making"), GOVERNANCE, ("consensus", "collective decisions")),
    S(_("Sociocracy"), GOVERNANCE, ("dynamic governance", "circles")),
    S(_("Policies and procedures"), GOVERNANCE, ("policy writing", "procedures")),
    S(_("Risk management"), GOVERNANCE, ("risk register", "risk assessment")),
    S(_("Director and trustee duties"), GOVERNANCE, ("directors' duties", "trustee duties")),
    S(
        _("Co-operative values and principles"),
        GOVERNANCE,
        ("co-op principles", "ICA principles", "co-operative identity"),
    ),
    # Legal
    S(
        _("Co-operative legal structures"),
        LEGAL,
        ("legal structures", "legal form", "incorporation", "co-op legal structures"),
    ),
    S(_("Model rules"), LEGAL, ("rules", "governing document", "articles of association")),
    S(_("Rule changes"), LEGAL, ("amending rules", "rule amendments")),
    S(_("Community benefit societies"), LEGAL, ("BenCom", "community benefit society")),
    S(_("Co-operative societies"), LEGAL, ("bona fide co-operative", "co-op society")),
    S(_("Company law"), LEGAL, ("companies act", "company limited by guarantee")),
    S(_("Contracts"), LEGAL, ("contract law", "supplier contracts")),
    S(_("Employment law"), LEGAL, ("employment rights", "employment contracts")),
    S(_("Data protection"), LEGAL, ("GDPR", "privacy")),
    S(_("Regulatory compliance"), LEGAL, ("FCA registration", "annual return", "compliance")),
    S(_("Intellectual property"), LEGAL, ("trademarks", "copyright")),
    S(_("Leases and property law"), LEGAL, ("leases", "commercial property")),
    # Membership
    S(
        _("Member engagement"),
        MEMBERSHIP,
        ("member participation", "engaging members", "member involvement"),
    ),
    S(_("Member recruitment"), MEMBERSHIP, ("recruiting members", "growing membership")),
    S(_("Member communications"), MEMBERSHIP, ("newsletters", "member updates")),
    S(_("Member education and training"), MEMBERSHIP, ("co-op education", "member training")),
    S(
        _("Membership administration"),
        MEMBERSHIP,
        ("share register", "member register", "membership records"),
    ),
    S(_("Multi-stakeholder membership"), MEMBERSHIP, ("multi-stakeholder", "solidarity co-op")),
    S(_("Volunteer management"), MEMBERSHIP, ("volunteers", "volunteering")),
    S(_("Member consultation"), MEMBERSHIP, ("member surveys", "member feedback", "consultation")),
    S(_("Member democracy"), MEMBERSHIP, ("voting", "elections", "democratic participation")),
    # Marketing & sales
    S(_("Marketing strategy"), MARKETING, ("marketing", "marketing plan")),
    S(_("Branding"), MARKETING, ("brand", "visual identity")),
    S(_("Social media"), MARKETING, ("facebook", "instagram", "social media marketing")),
    S(_("Sales"), MARKETING, ("selling", "sales pipeline", "business development")),
    S(_("Customer service"), MARKETING, ("customer care", "customer experience")),
    S(_("Public relations"), MARKETING, ("PR", "press", "media relations")),
    S(_("Market research"), MARKETING, ("customer research", "market analysis")),
    S(_("Retail merchandising"), MARKETING, ("merchandising", "shop display")),
    S(_("Storytelling"), MARKETING, ("impact stories", "case studies")),
    S(_("Events and campaigns"), MARKETING, ("events", "campaigning")),
    S(_("Tendering"), MARKETING, ("tenders", "public procurement", "bids for contracts")),
    # Operations
    S(_("Supply chain"), OPERATIONS, ("suppliers", "procurement", "purchasing")),
    S(_("Stock control"), OPERATIONS, ("inventory", "stock management")),
    S(_("Logistics and distribution"), OPERATIONS, ("distribution", "delivery", "logistics")),
    S(_("Health and safety"), OPERATIONS, ("H&S", "safety")),
    S(_("Quality management"), OPERATIONS, ("quality assurance", "QA")),
    S(_("Project management"), OPERATIONS, ("projects", "project planning")),
    S(_("Premises and facilities"), OPERATIONS, ("facilities", "premises")),
    S(_("Food hygiene"), OPERATIONS, ("food safety", "hygiene ratings")),
    S(_("Environmental sustainability"), OPERATIONS, ("sustainability", "net zero", "carbon")),
    S(_("Process improvement"), OPERATIONS, ("lean", "efficiency", "workflows")),
    # People
    S(_("Recruitment and hiring"), PEOPLE, ("hiring", "recruitment", "job descriptions")),
    S(_("HR policies"), PEOPLE, ("HR", "human resources", "staff handbook")),
    S(_("Conflict resolution"), PEOPLE, ("conflict", "mediation", "disputes")),
    S(_("Facilitation"), PEOPLE, ("facilitating", "workshop facilitation")),
    S(
        _("Leadership in flat structures"),
        PEOPLE,
        ("shared leadership", "non-hierarchical leadership", "flat structures"),
    ),
    S(_("Team development"), PEOPLE, ("team building", "teamwork")),
    S(_("Wellbeing at work"), PEOPLE, ("wellbeing", "mental health at work", "burnout")),
    S(_("Pay and reward policy"), PEOPLE, ("pay ratios", "reward", "pay policy")),
    S(_("Training and induction"), PEOPLE, ("induction", "onboarding", "staff training")),
    S(_("Equality and inclusion"), PEOPLE, ("EDI", "diversity", "inclusion", "equality")),
    S(
        _("Performance and feedback"),
        PEOPLE,
        ("appraisals", "peer feedback", "performance reviews"),
    ),
    # Funding & investment
    S(
        _("Community shares"),
        FUNDING,
        ("community share offer", "share offer", "withdrawable shares"),
    ),
    S(
        _("Grant funding"),
        FUNDING,
        ("grants", "grant applications", "bid writing", "funding applications"),
    ),
    S(_("Loan finance"), FUNDING, ("loans", "debt finance", "borrowing")),
    S(_("Crowdfunding"), FUNDING, ("crowdfunder", "rewards crowdfunding")),
    S(_("Social investment"), FUNDING, ("impact investment", "social lenders")),
    S(_("Investor readiness"), FUNDING, ("investment readiness", "pitching to investors")),
    S(_("Fundraising"), FUNDING, ("donations", "fundraising strategy")),
    S(_("Financial modelling"), FUNDING, ("financial projections", "financial model")),
    S(_("Community asset transfer"), FUNDING, ("asset transfer", "CAT")),
    S(_("Member capital"), FUNDING, ("share capital", "capital structure")),
    # Digital
    S(_("Website management"), DIGITAL, ("website", "web design", "wordpress")),
    S(
        _("Platform co-operatives"),
        DIGITAL,
        ("platform co-ops", "online platforms", "marketplaces"),
    ),
    S(_("IT systems"), DIGITAL, ("IT", "IT support", "computers")),
    S(_("Cyber security"), DIGITAL, ("cybersecurity", "passwords", "phishing")),
    S(_("Spreadsheets and data"), DIGITAL, ("spreadsheets", "excel", "data analysis")),
    S(_("E-commerce"), DIGITAL, ("online shop", "ecommerce", "online sales")),
    S(_("Online collaboration tools"), DIGITAL, ("loomio", "slack", "collaboration tools")),
    S(_("Accounting software"), DIGITAL, ("xero", "quickbooks", "sage")),
    S(_("Software development"), DIGITAL, ("programming", "coding", "app development")),
    # Strategy
    S(_("Business planning"), STRATEGY, ("business plan", "business plans")),
    S(_("Strategic planning"), STRATEGY, ("strategy", "strategic plan")),
    S(
        _("Conversion to a co-op"),
        STRATEGY,
        ("co-op conversion", "converting to a co-op", "business succession"),
    ),
    S(_("Employee ownership"), STRATEGY, ("EOT", "employee-owned", "employee ownership trust")),
    S(_("Start-up support"), STRATEGY, ("starting a co-op", "new co-op", "start-up")),
    S(_("Social impact measurement"), STRATEGY, ("impact measurement", "social value")),
    S(_("Growth and scaling"), STRATEGY, ("scaling up", "growth", "expansion")),
    S(
        _("Co-op to co-op collaboration"),
        STRATEGY,
        ("secondary co-ops", "consortium", "co-op trade"),
    ),
    S(_("Turnaround and recovery"), STRATEGY, ("turnaround", "business recovery", "insolvency")),
    S(_("Mergers"), STRATEGY, ("amalgamation", "transfer of engagements")),
    # Housing
    S(_("Housing co-op management"), HOUSING, ("housing management", "tenancy management")),
    S(_("Rent setting"), HOUSING, ("rents", "rent policy")),
    S(_("Property maintenance"), HOUSING, ("repairs", "maintenance", "planned maintenance")),
    S(_("Housing development"), HOUSING, ("new homes", "self-build", "housing schemes")),
    S(_("Allocations and lettings"), HOUSING, ("allocations", "lettings", "lettings policy")),
    S(_("Community land trusts"), HOUSING, ("CLT", "community land trust")),
    S(_("Mortgage finance"), HOUSING, ("mortgages", "housing finance")),
    S(_("Housing regulation"), HOUSING, ("housing standards", "regulator of social housing")),
    S(_("Arrears management"), HOUSING, ("rent arrears", "arrears")),
)

del S
