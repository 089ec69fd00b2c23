"""Date formats per language (FORMAT_MODULE_PATH): templates name them (`|date:"DATE_FORMAT"`), never a pattern of
their own, so German reads "4. Dezember 2026" and French "4 décembre 2026". English keeps the day before the month,
as the summit's European readers write it."""
