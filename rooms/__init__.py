"""Case rooms (案件协同室) and task forces (联合执法专班) on a case."""
