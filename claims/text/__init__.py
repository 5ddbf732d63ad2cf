"""Small text helpers shared by the readers, the extractor and attribution."""
