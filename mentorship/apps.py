from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = "Mentorships"

    def ready(self) -> None:
        # accounts runs a member's export and account deletion; this app adds its part.
        from accounts import coordinators, privacy, services
        from mentorship import group_leaving
        from mentorship import privacy as mentorship_privacy
        from mentorship.project.translations import site_translations_compact
        from mentorship.selectors import scopes
        from mentorship.services import conversations

        privacy.export_section_register("mentorship", mentorship_privacy.member_export)
        privacy.export_section_register("messages", conversations.member_export)
        privacy.erasure_step_register("mentorship", mentorship_privacy.member_erase)
        privacy.erasure_step_register("messages", conversations.member_erase)
        # A member leaving a mentee profile for another group may leave a mentorship behind.
        services.group_leave_step_register("mentorship", group_leaving.mentee_profile_leave)
        # A coordinator's members list shows the members of the programmes they run.
        coordinators.member_scope_register(scopes.members)
        # Every page translates hundreds of strings; look-ups walk less once this is done.
        site_translations_compact()
