from django.urls import path

from declarations import views, views_pledges

app_name = "declarations"

urlpatterns = [
    path("declarations/", views.declaration_list, name="list"),
    path("declarations/<slug:slug>/", views.declaration_detail, name="detail"),
    path("declarations/<slug:slug>.pdf", views.declaration_pdf, name="pdf"),
    path("declarations/<slug:slug>/clauses/<int:number>/", views.clause_detail, name="clause"),
    path("declarations/<slug:slug>/sign/", views.declaration_sign, name="sign"),
    path("declarations/<slug:slug>/versions/", views.version_list, name="versions"),
    path("declarations/<slug:slug>/amendments/", views.amendment_list, name="amendments"),
    path("declarations/<slug:slug>/amendments/<int:pk>/support/", views.amendment_support, name="amendment_support"),
    path("declarations/<slug:slug>/diff/<int:a>/<int:b>/", views.version_compare, name="diff"),
    path("declarations/<slug:slug>/signatures/<slug:city>/withdraw/", views.signature_withdraw, name="withdraw"),
    path("declarations/<slug:slug>/pledges/new/", views_pledges.pledge_create, name="pledge_create"),
    path("declarations/<slug:slug>/pledges/feed/", views_pledges.PledgeFeed(), name="pledge_feed"),
    path("declarations/<slug:slug>/pledges/<int:pk>/", views_pledges.pledge_detail, name="pledge"),
    path("declarations/<slug:slug>/pledges/<int:pk>/updates/", views_pledges.pledge_update_post, name="pledge_update"),
    path("declarations/<slug:slug>/pledges/<int:pk>/status/", views_pledges.pledge_status_set, name="pledge_status"),
]
