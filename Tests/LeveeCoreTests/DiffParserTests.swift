import Foundation
import Testing

@testable import LeveeCore

@Suite struct DiffParserTests {
    @Test func formatPatchWithMailHeaders() {
        let patch = """
            From 1a2b3c4d5e6f Mon Sep 17 00:00:00 2001
            From: Ana Lima <ana@example.org>
            Date: Tue, 3 Jun 2025 10:00:00 +0200
            Subject: [PATCH 1/2] http: stop reusing a connection after a 401
             on a proxy

            The connection was kept alive.
            ---
             lib/http.c | 3 ++-
             1 file changed, 2 insertions(+), 1 deletion(-)

            diff --git a/lib/http.c b/lib/http.c
            index 83db7c2..9f1e0a4 100644
            --- a/lib/http.c
            +++ b/lib/http.c
            @@ -120,7 +120,8 @@ static CURLcode http_perhapsrewind(struct Curl_easy *data)
               if(conn->bits.close)
                 return CURLE_OK;
             
            -  keep = TRUE;
            +  keep = FALSE;
            +  streamclose(conn, "401 on proxy");
               return result;
             }
             
            -- 
            2.39.5

            """
        let diff = UnifiedDiff.parse(patch)
        #expect(diff.subject == "http: stop reusing a connection after a 401 on a proxy")
        #expect(diff.from == "Ana Lima <ana@example.org>")
        #expect(diff.files.count == 1)
        let file = diff.files[0]
        #expect(file.path == "lib/http.c")
        #expect(file.additions == 2)
        #expect(file.deletions == 1)
        #expect(file.hunks.count == 1)
        #expect(file.hunks[0].oldStart == 120)
        #expect(file.hunks[0].newCount == 8)
        #expect(file.hunks[0].section == "static CURLcode http_perhapsrewind(struct Curl_easy *data)")
        #expect(file.status == .modified)
    }

    @Test func plainDiffU() {
        let text = """
            --- src/a.c\t2025-01-01 10:00:00.000000000 +0100
            +++ src/a.c\t2025-01-02 10:00:00.000000000 +0100
            @@ -1,3 +1,3 @@
             int main(void) {
            -  return 1;
            +  return 0;
             }
            --- /dev/null
            +++ src/b.c
            @@ -0,0 +1,2 @@
            +int b;
            +int c;
            """
        let diff = UnifiedDiff.parse(text)
        #expect(diff.files.map(\.path) == ["src/a.c", "src/b.c"])
        #expect(diff.files[1].status == .added)
        #expect(diff.additions == 3)
        #expect(diff.deletions == 1)
    }

    @Test func renamesModesBinariesAndDeletes() {
        let text = """
            diff --git a/old name.txt b/new name.txt
            similarity index 92%
            rename from old name.txt
            rename to new name.txt
            index 1111111..2222222 100644
            --- a/old name.txt
            +++ b/new name.txt
            @@ -1 +1 @@
            -hello
            +hello!
            diff --git a/run.sh b/run.sh
            old mode 100644
            new mode 100755
            diff --git a/logo.png b/logo.png
            index 3333333..4444444 100644
            Binary files a/logo.png and b/logo.png differ
            diff --git a/gone.c b/gone.c
            deleted file mode 100644
            index 5555555..0000000
            --- a/gone.c
            +++ /dev/null
            @@ -1,2 +0,0 @@
            -int x;
            -int y;
            diff --git a/empty b/empty
            new file mode 100644
            index 0000000..e69de29
            """
        let files = UnifiedDiff.parse(text).files
        #expect(files.count == 5)
        #expect(files[0].status == .renamed)
        #expect(files[0].oldPath == "old name.txt")
        #expect(files[0].path == "new name.txt")
        #expect(files[0].similarity == 92)
        #expect(files[0].changedFile.previousPath == "old name.txt")
        #expect(files[1].oldMode == "100644")
        #expect(files[1].newMode == "100755")
        #expect(files[1].hunks.isEmpty)
        #expect(files[2].isBinary)
        #expect(files[3].status == .removed)
        #expect(files[3].deletions == 2)
        #expect(files[4].status == .added)
        #expect(files[4].path == "empty")
    }

    @Test func noNewlineMarkerAndCRLF() {
        let text =
            "diff --git a/x b/x\r\n--- a/x\r\n+++ b/x\r\n@@ -1 +1 @@\r\n-a\r\n\\ No newline at end of file\r\n+b\r\n\\ No newline at end of file\r\n"
        let file = UnifiedDiff.parse(text).files[0]
        #expect(file.missingNewlineAtEnd)
        #expect(file.hunks[0].removed == ["a"])
        #expect(file.hunks[0].added == ["b"])
    }

    @Test func linesThatLookLikeHeadersInsideAHunk() {
        // A removed line "-- x" and an added "++ y" are content, because the hunk header says so.
        let text = "--- a/sql\n+++ b/sql\n@@ -1,2 +1,2 @@\n--- comment\n+++ comment\n select 1;\n"
        let file = UnifiedDiff.parse(text).files[0]
        #expect(file.hunks[0].removed == ["-- comment"])
        #expect(file.hunks[0].added == ["++ comment"])
        #expect(UnifiedDiff.parse(text).files.count == 1)
    }

    @Test func truncatedHunkDoesNotSwallowTheNextFile() {
        let text =
            "diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1,10 +1,10 @@\n-x\n+y\ndiff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -1 +1 @@\n-p\n+q\n"
        let files = UnifiedDiff.parse(text).files
        #expect(files.map(\.path) == ["a", "b"])
        #expect(files[1].additions == 1)
    }

    /// Property: arbitrary bytes and mutated diffs never trap, and what comes out is consistent.
    /// Hunk headers are read on the bytes with `Int`'s rules for each number: a sign is allowed, overflow and
    /// non-ASCII digits are not; what is not a header is no hunk.
    @Test func hunkHeadersFollowIntRules() {
        func hunks(_ header: String) -> [DiffHunk] {
            UnifiedDiff.parse("--- a/x\n+++ b/x\n\(header)\n-a\n+b\n").files.first?.hunks ?? []
        }
        let plain = hunks("@@ -1 +1 @@ func f()")
        #expect(plain.count == 1)
        #expect(plain.first?.section == "func f()")
        #expect(
            hunks("@@  -+1,1   +1,+1  @@").first.map { [$0.oldStart, $0.oldCount, $0.newStart, $0.newCount] } == [
                1, 1, 1, 1,
            ])
        #expect(hunks("@@ -99999999999999999999,1 +1 @@").isEmpty)
        #expect(hunks("@@ -١,1 +1 @@").isEmpty)
        #expect(hunks("@@ -1,-1 +1 @@").isEmpty)
        #expect(hunks("@@ -1 +1 +2 @@").isEmpty)
        #expect(hunks("@@ -1,1 +1,1").isEmpty)
        #expect(hunks("@@ -,1 +1 @@").isEmpty)
    }

    /// A parsed hunk keeps offsets into the diff's text; its lines read the same as a hunk built from lines.
    @Test func parsedHunksEqualHunksBuiltFromLines() throws {
        let diff = UnifiedDiff.parse("--- a/x\r\n+++ b/x\r\n@@ -1,3 +1,3 @@ s\r\n ctx é\r\n-old\r\n+new 🚀\r\n\n")
        let hunk = try #require(diff.files.first?.hunks.first)
        let built = DiffHunk(
            oldStart: 1, oldCount: 3, newStart: 1, newCount: 3, section: "s",
            lines: [
                DiffLine(kind: .context, text: "ctx é"), DiffLine(kind: .removed, text: "old"),
                DiffLine(kind: .added, text: "new 🚀"), DiffLine(kind: .context, text: ""),
            ])
        #expect(hunk == built)
        #expect(hunk.hashValue == built.hashValue)
        #expect(hunk.added == ["new 🚀"] && hunk.removed == ["old"])
        #expect(built.added == ["new 🚀"] && built.removed == ["old"])
        var edited = built
        edited.lines.removeLast()
        #expect(edited.lines.map(\.text) == ["ctx é", "old", "new 🚀"])
        #expect(diff.additions == 1 && diff.deletions == 1)
    }

    @Test func neverCrashesOnArbitraryBytes() {
        var rng = SplitMix64(seed: 0x1EE7)
        let seed = Array(
            "diff --git a/a.c b/a.c\nindex 1..2 100644\n--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,4 @@ f\n a\n-b\n+c\n+d\n e\n\\ No newline at end of file\n"
                .utf8)
        let alphabet = Array("@-+ \\\n\r,0123456789abdgitfmnorw/\t\"".utf8)
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 3 == 0 {
                bytes = (0..<Int(rng.next() % 400)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = seed
                for _ in 0..<Int(1 + rng.next() % 12) {
                    let position = Int(rng.next() % UInt64(bytes.count + 1))
                    let byte =
                        round % 3 == 1
                        ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: rng.next())
                    switch rng.next() % 3 {
                    case 0: bytes.insert(byte, at: position)
                    case 1: if position < bytes.count { bytes.remove(at: position) }
                    default: if position < bytes.count { bytes[position] = byte }
                    }
                }
            }
            let diff = UnifiedDiff.parse(Data(bytes))
            for file in diff.files {
                #expect(file.additions >= 0 && file.deletions >= 0)
                for hunk in file.hunks {
                    #expect(hunk.added.count <= hunk.newCount)
                    #expect(hunk.removed.count <= hunk.oldCount)
                }
            }
        }
    }

    @Test func largeInputIsLinear() {
        // 20,000 hunks parse in one pass; the count proves every one was read.
        var text = "diff --git a/big b/big\n--- a/big\n+++ b/big\n"
        for i in 0..<20_000 { text += "@@ -\(i * 3 + 1),1 +\(i * 3 + 1),1 @@\n-old \(i)\n+new \(i)\n" }
        let file = UnifiedDiff.parse(text).files[0]
        #expect(file.hunks.count == 20_000)
        #expect(file.additions == 20_000)
    }
}

/// A small deterministic generator so property tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
