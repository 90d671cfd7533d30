"""Business trips (đăng ký đi công tác) and post-trip reports (báo cáo kết quả công tác)."""
