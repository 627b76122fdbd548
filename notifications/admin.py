from django.contrib import admin, messages

from notifications import services
from notifications.models import Notification, Subscription
from safety_portal.admin import DistrictScopedAdmin


@admin.register(Notification)
class NotificationAdmin(DistrictScopedAdmin):
    """The outbox, for oversight: what failed and why, and a way to send it again.

    Rows name a record by type and id only; what a message said is never stored.
    """

    read_only = True
    list_display = ["created_at", "kind", "recipient", "status", "attempts", "sent_at", "reason"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__last_name", "recipient__username"]
    readonly_fields = [
        "recipient",
        "kind",
        "subject_type",
        "subject_id",
        "period",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "reason",
        "created_at",
        "sent_at",
    ]
    actions = ["send_again"]

    @admin.action(description="Send the failed ones again")
    def send_again(self, request, queryset):
        failed = list(queryset.filter(status=Notification.Status.FAILED))
        for row in failed:
            services.notification_retry(notification=row, by=request.user)
        messages.success(request, f"{len(failed)} message(s) will be sent again.")


@admin.register(Subscription)
class SubscriptionAdmin(DistrictScopedAdmin):
    """The public's e-mail subscriptions: who asked, confirmed, left."""

    read_only = True
    list_display = ["email", "district", "building", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language"]
    search_fields = ["email"]
    ordering = ["email", "pk"]
    exclude = ["token"]
