from django.contrib import admin

from mentorship.models import Mentorship


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["mentor", "mentee"]
    search_fields = ["mentor__email", "mentor__name", "mentee__group_name"]
    autocomplete_fields = ["mentor", "mentee"]
    readonly_fields = ["created_at", "updated_at"]
