"""Contact imports: Google Contacts, Outlook and plain CSV, and vCard files (docs/imports.md).

layouts.py holds the CSV column layouts as data; decoding.py turns bytes into text;
csv_reader.py and vcard_reader.py yield raw records with their line numbers; rows.py checks
them; writer.py writes them in batches; service.py ties it together and reports.
"""

from followthrough.contacts.importing.records import ImportFileError, RowError
from followthrough.contacts.importing.service import ImportReport, import_contacts

__all__ = ["ImportFileError", "ImportReport", "RowError", "import_contacts"]
