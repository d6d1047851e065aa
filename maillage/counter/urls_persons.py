"""Person files, follow-ups and mandates (included in the counter namespace)."""

from django.urls import URLPattern, path

from maillage.counter import views_persons as views

urlpatterns: list[URLPattern] = [
    path("dossiers/", views.persons_home, name="persons_home"),
    path("structures/<uuid:uuid>/dossiers/", views.person_search, name="person_search"),
    path("structures/<uuid:uuid>/dossiers/liste/", views.person_list, name="person_list"),
    path("structures/<uuid:uuid>/dossiers/nouveau/", views.person_create, name="person_create"),
    path("structures/<uuid:uuid>/consultations/", views.access_log, name="person_access_log"),
    path("dossiers/<uuid:uuid>/", views.person_detail, name="person_detail"),
    path("dossiers/<uuid:uuid>/modifier/", views.person_edit, name="person_edit"),
    path("dossiers/<uuid:uuid>/suivis/nouveau/", views.follow_up_create, name="follow_up_create"),
    path("suivis/<int:pk>/cloturer/", views.follow_up_close, name="follow_up_close"),
    path("dossiers/<uuid:uuid>/mandats/nouveau/", views.mandate_create, name="mandate_create"),
    path("mandats/<uuid:uuid>/revoquer/", views.mandate_revoke, name="mandate_revoke"),
    path("mandats/<uuid:uuid>/attestation.pdf", views.mandate_pdf, name="mandate_pdf"),
]
