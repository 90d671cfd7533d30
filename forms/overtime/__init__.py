"""Overtime registration (đăng ký làm ngoài giờ): legal caps, the security desk, the sheet."""
