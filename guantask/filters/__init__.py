"""Finding tasks and names: the filter language, its help, name matching (aliases, pinyin),
near-duplicate unit names, and the task finder that binds them to the store."""
