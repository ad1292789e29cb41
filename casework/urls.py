"""Officer pages and sign-in. The public complaint pages live in `disputes.urls`."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .markets import views as markets
from .stats import views as stats
from .views import case, documents, exports, links, lists, new_case, overdue, reassign, transfer

app_name = "casework"

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", lists.inbox, name="inbox"),
    path("markets/", markets.market_map, name="market_map"),
    path("markets/<id:market_id>/", markets.market_detail, name="market_detail"),
    path("markets/<id:market_id>/status/", markets.market_status, name="market_status"),
    path("inbox/", lists.inbox),
    path("queue/", lists.queue, name="queue"),
    path("approvals/", lists.approvals, name="approvals"),
    path("overdue/", overdue.overdue, name="overdue"),
    path("dashboard/", stats.dashboard, name="dashboard"),
    path("dashboard/report.pdf", stats.dashboard_report, name="dashboard_report"),
    path("cases/", lists.case_list, name="case_list"),
    path("cases/new/", new_case.case_new, name="case_new"),
    path("cases/export/", exports.case_export, name="case_export"),
    path("exports/<id:export_id>/", exports.export_job, name="export_job"),
    path("exports/<id:export_id>/progress/", exports.export_progress, name="export_progress"),
    path("exports/<id:export_id>/download/", exports.export_download, name="export_download"),
    path("cases/<id:case_id>/", case.case_detail, name="case_detail"),
    path("cases/<id:case_id>/transitions/<slug:name>/", case.transition, name="case_transition"),
    path("cases/<id:case_id>/claim/", case.claim, name="case_claim"),
    path(
        "cases/<id:case_id>/clocks/<slug:code>/<str:op>/",
        case.clock_control,
        name="clock_control",
    ),
    path("cases/<id:case_id>/assign/", case.assign, name="case_assign"),
    path("cases/<id:case_id>/transfers/", transfer.propose, name="transfer_propose"),
    path(
        "cases/<id:case_id>/transfers/<id:transfer_id>/accept/",
        transfer.accept,
        name="transfer_accept",
    ),
    path(
        "cases/<id:case_id>/transfers/<id:transfer_id>/return/",
        transfer.return_,
        name="transfer_return",
    ),
    path("cases/<id:case_id>/links/", links.link, name="case_link"),
    path("cases/<id:case_id>/links/<id:link_id>/delete/", links.unlink, name="case_unlink"),
    path("cases/<id:case_id>/merge/", links.merge, name="case_merge"),
    path("reassign/", reassign.reassign, name="reassign"),
    path("reassign/<id:job_id>/", reassign.reassign_job, name="reassign_job"),
    path("reassign/<id:job_id>/progress/", reassign.reassign_progress, name="reassign_progress"),
    path("cases/<id:case_id>/attachments/", case.attachment_upload, name="attachment_upload"),
    path(
        "cases/<id:case_id>/attachments/<id:attachment_id>/",
        case.attachment_download,
        name="attachment_download",
    ),
    path("cases/<id:case_id>/documents/dossier/", documents.dossier_build, name="dossier_build"),
    path(
        "cases/<id:case_id>/documents/jobs/<id:job_id>/",
        documents.dossier_job,
        name="dossier_job",
    ),
    path(
        "cases/<id:case_id>/documents/jobs/<id:job_id>/progress/",
        documents.dossier_progress,
        name="dossier_progress",
    ),
    path(
        "cases/<id:case_id>/documents/<str:name>.pdf",
        documents.document_download,
        name="document_download",
    ),
]
