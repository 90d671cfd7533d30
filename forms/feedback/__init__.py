"""Workplace-democracy feedback (góp ý, kiến nghị, phản ánh) with real anonymity.

Anonymous feedback keeps nothing that identifies the sender: no user, IP address, user agent
or session key, and dates only to the day (there is no time-of-day field in these models on
purpose). The sender follows the case with a receipt code, stored only as its SHA-256.
"""
