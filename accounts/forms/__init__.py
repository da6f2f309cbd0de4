"""Forms of the account pages, and the form pieces other apps' forms reuse.

profile       ProfileForm, the member's profile with its role-dependent rules
account       GroupInvitationForm, AccountDeleteForm
skill_picker  SkillPicker (skills grouped by category, with a filter box) and skills_field
fields        RowChoiceField / RowsChoiceField: choose rows by key, refusing ids no column holds
"""
