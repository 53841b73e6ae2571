package demo

import (
	"context"
	"testing"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
	"github.com/ciphergram/ciphergram/lessons"
)

func TestFill(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.DSN(t, "demo"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	unit, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	creds, err := Fill(ctx, db, unit)
	if err != nil {
		t.Fatal(err)
	}
	teacher, err := db.UserByUsername(ctx, creds.TeacherUsername)
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.NewHasher().Verify(ctx, teacher.PasswordHash, creds.TeacherPassword); err != nil {
		t.Error("the printed teacher password does not sign in")
	}
	student, err := db.UserByUsername(ctx, creds.StudentUsername)
	if err != nil || auth.NewHasher().Verify(ctx, student.PasswordHash, creds.StudentPassword) != nil {
		t.Errorf("the printed student password does not sign in: %v", err)
	}
	classes, err := db.Classes(ctx, teacher.ID)
	if err != nil || len(classes) != 1 {
		t.Fatalf("classes = %v, %v", classes, err)
	}
	roster, assigned, work, err := db.ClassWork(ctx, teacher.ID, classes[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(roster) < 20 || len(assigned) != len(unit.Lessons) {
		t.Errorf("%d students and %d assignments", len(roster), len(assigned))
	}
	done, started, pending := 0, 0, 0
	for _, w := range work {
		if w.BestFinished != nil {
			done++
		} else if w.Latest != nil {
			started++
		}
		pending += w.Pending
	}
	if done == 0 || started == 0 || pending == 0 {
		t.Errorf("progress is not varied: %d done, %d in progress, %d written answers to grade", done, started, pending)
	}
}
