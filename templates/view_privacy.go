package templates

// PrivacyPage is /privacy: what is kept, why, for how long, who sees it.
type PrivacyPage struct {
	Page
	GuestDays int    // guests idle this many days are deleted; 0: never
	Contact   string // the operator's contact line (serve -privacy-contact); "" if none
}

// MyDataPage is /account/data: download everything, or delete it all.
type MyDataPage struct {
	Page
	JSONURL      string
	CSVURL       string
	DeleteAction string // POST: field "password" for an account, "confirm" for a guest
	Guest        bool   // no password: deleting asks for a tick instead
	Teacher      bool   // a teacher's account is deleted by an administrator
	InClass      bool   // a teacher has their answers: their downloads are the teacher's responsibility
	Error        string
}

// StudentDeletePage confirms a teacher's deletion of a student's
// account, or says who can delete it.
type StudentDeletePage struct {
	Page
	Student   string // display name
	Username  string
	ClassName string
	ClassURL  string
	Action    string // POST to delete; "" if this teacher may not
	Refusal   string // when Action is "": who can, and why
	Attempts  int    // how much is deleted, in words the teacher can check
	Answers   int
}
