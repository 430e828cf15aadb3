"""The interchange format ``emulation-blocs/1`` (shared/spec/INTERCHANGE.md): import and export."""

FORMAT = "emulation-blocs/1"
