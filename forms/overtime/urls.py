app_name = "overtime"

urlpatterns: list = []
