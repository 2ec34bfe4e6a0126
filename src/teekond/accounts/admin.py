from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from teekond.accounts.forms import AdminLoginForm
from teekond.accounts.models import ApiToken, Invitation, Membership, User, Workspace

# The admin's log-in is throttled like the site's.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class TeekondUserAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Teekond", {"fields": ("language",)}))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "workspace", "role", "created_at", "accepted_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "hint")
