"""Members: who takes part in the programme, and what the site keeps about them and sends them.

The bottom layer: accounts imports nothing from mentorship or matching (mentorship may import
accounts; matching may import both). Where accounts must act on what an app above keeps, that
app registers a function here, from its AppConfig.ready or admin module: an export section and
an erasure step (accounts.privacy), a group-leave step (accounts.services), a filter on the
members list (accounts.admin.filters).

The email outbox, the audit log and the privacy registry live here rather than in an app of
their own, because each is about members: the outbox writes to a member in their language and
time zone and honours their email choices; the audit log records who did what, and forgets a
member's name when they delete their account; the privacy registry is the member's own data
download and account deletion, to which the apps above add their part. An app of their own
would import accounts' User all the same.

models/            User (email login), Organisation, MemberProfile and its roles, MemberBlock,
                   Language and Skill, MenteeProfile and GroupInvitation, OutboundEmail, AuditEntry
services.py        every write to members' data (profile, language, group invitations)
selectors.py       reads of members' data shared by views
forms/             the profile form, the account pages' forms, the skill picker, row-choice fields
views.py, urls.py  a member's own pages
admin/             the members' admin, and the read-only and filter bases every app's admin uses
outbox/            the notification outbox: every email a row first, sent by a worker after commit
audit.py           the audit log: audit_record, and forgetting a member who left
privacy.py         a member's data download and account deletion, and their registry
emails.py          accounts' own emails (group invitations), one function per kind
tasks.py           sending one outbox email, and the sweep
adapters.py        all of our allauth customisation
two_factor.py      coordinators sign in with an authenticator code, in the admin and out of it
middleware.py      each member's time zone and language, per request
coordinators.py    the Coordinators group and the permissions data migrations grant it
skill_taxonomy.py  the seeded skills taxonomy (plain data: matching's engine reads it too)
demo.py, demo_words.py  demo members for `seed_demo` and `serve_all`, and the words they are made of
"""
