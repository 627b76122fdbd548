app_name = "compliance"

urlpatterns = []
