"""The PO and MO file formats, and nothing else: reading, GNU-identical writing, wrapping
by UAX #14 as GNU gettext applies it, and compiling ``.mo`` files."""
