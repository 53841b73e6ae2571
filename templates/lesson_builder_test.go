package templates

// builderPages are the lesson builder's cases for TestPages: a lesson
// with a problem beside a field, a choice question and an evidence
// question's picker; and a lesson whose text the forms cannot show.
func builderPages() []pageCase {
	field := func(name, label, kind, value string) BuilderField {
		return BuilderField{Name: name, Label: label, Kind: kind, Value: value}
	}
	prompt := field("q.0.prompt", "Prompt", "area", "")
	prompt.Error = `question "pick" has an empty prompt`
	correct := field("q.0.choices.0.correct", "Correct", "check", "")
	correct.Checked = true
	v := BuilderPage{Page: samplePage("Two sources", "teach", teacher), Slug: "two-sources", Action: "/teach/lessons/two-sources/edit",
		OverviewURL: "/teach/lessons/two-sources", TextURL: "/teach/lessons/two-sources/text", Edits: 3, MaxQuestions: 100,
		Problems: []BuilderProblem{{Msg: prompt.Error, Anchor: FieldID("q.0.prompt")}, {Msg: "Line 40 of the text: oops"}},
		Details:  []BuilderField{field("title", "Title", "text", "Two sources"), {Name: "sources", Label: "Sources", Kind: "text", Hint: "Slugs."}},
		Skills:   BuilderField{Name: "skills", Label: "Skills", Kind: "checks", Options: []BuilderOption{{Value: "sourcing", Label: "sourcing", Checked: true}}},
		Sections: BuilderList{Name: "sections", Legend: "Reading", Rows: []BuilderRow{{Legend: "Section 1", Fields: []BuilderField{field("sections.0.heading", "Heading", "text", "Read")}}}},
		AddTypes: []BuilderOption{{Value: "single", Label: "Single choice"}},
		Questions: []BuilderQuestion{
			{Index: 0, Name: "q.0", Legend: "Question 1: Single choice", Type: "single", First: true,
				Fields: []BuilderField{field("q.0.id", "Question ID", "text", "pick"), prompt,
					{Name: "q.0.answer", Label: "Answer", Kind: "select", Options: []BuilderOption{{Value: "true", Label: "true"}}}},
				Lists: []BuilderList{{Name: "q.0.choices", Legend: "Choices", Error: "needs 2", Rows: []BuilderRow{{Legend: "Choice 1", Fields: []BuilderField{correct}}}}}},
			{Index: 1, Name: "q.1", Legend: "Question 2: Evidence", Type: "evidence", Last: true,
				Picker: &BuilderPicker{Name: "q.1", EvidenceError: "unknown sentence", Sources: []BuilderPickSource{{Title: "The telegram",
					Sentences: []BuilderPick{{Ref: "p5.s1", Text: "TO FILIPPOV [STALIN].", Evidence: true}, {Ref: "p6.s1", Text: "I received.", Also: true}}}}}},
		}}
	return []pageCase{
		{"lesson-builder", "LessonBuilderView", LessonBuilderView(v)},
		{"lesson-builder-unreadable", "LessonBuilderView", LessonBuilderView(BuilderPage{Page: samplePage("Broken", "teach", teacher),
			Slug: "broken", TextURL: "/teach/lessons/broken/text", Unreadable: "line 9: YAML: did not find expected ']'"})},
	}
}
