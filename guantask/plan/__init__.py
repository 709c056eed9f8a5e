"""Plan intake: the notice parser, targets and numbers in a task's text, the plan model, the plan
JSON file and the importer that stores a plan."""
