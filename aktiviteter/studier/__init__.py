"""Study work: SpS courses (Studietiltak), participants, sessions and attendance, study plans, the attendance sheet."""
