"""The organisation pages: units, unit groups, people and memberships (mounted at /quan-tri/)."""
