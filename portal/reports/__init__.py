"""Monthly reports: requested by an officer, built by a Celery task into an
Excel workbook and a CSV file, kept for those whose reach covers them."""
