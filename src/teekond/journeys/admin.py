from django.contrib import admin

from teekond.journeys.models import Cell, Journey, Lane, Persona, Stage, Step


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "role", "evidence"]
    list_filter = ["role", "evidence"]
    search_fields = ["name"]


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ["title", "workspace", "persona", "kind", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["title"]


admin.site.register([Stage, Step, Lane, Cell])
