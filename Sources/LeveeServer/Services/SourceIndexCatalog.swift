import Foundation
import LeveeCore
import Logging

/// The source indexes the server checks claims against: `<folder>/<owner>/<repo>.json`, written by
/// `levee index REPO_DIR -o …` (from a checkout, by cron or CI). A file is read the first time its repository needs
/// it and again whenever its modification time changes, so refreshing an index needs no restart. A missing file means
/// "no claim checks for this repository"; an unreadable one is logged once per change and skipped.
public actor SourceIndexCatalog {
    let folder: String?
    let logger: Logger
    private var cache: [String: (modified: Date, index: SourceIndex?)] = [:]

    public init(folder: String?, logger: Logger) {
        self.folder = folder
        self.logger = logger
    }

    /// The index file for a repository (`owner/name`), if the folder is configured.
    public nonisolated func path(for repository: String) -> String? {
        guard let folder, !repository.contains(".."), repository.split(separator: "/").count == 2 else { return nil }
        return URL(fileURLWithPath: folder).appendingPathComponent(repository + ".json").path
    }

    public func index(for repository: String) -> SourceIndex? {
        guard let path = path(for: repository),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let modified = attributes[.modificationDate] as? Date
        else { return nil }
        if let cached = cache[repository], cached.modified == modified { return cached.index }
        let index: SourceIndex?
        do {
            index = try JSONDecoder().decode(SourceIndex.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            logger.info(
                "source index loaded",
                metadata: [
                    "repository": "\(repository)", "files": "\(index?.files.count ?? 0)",
                    "symbols": "\(index?.symbols.count ?? 0)",
                ])
        } catch {
            logger.error(
                "source index unreadable; claims are not checked for this repository",
                metadata: ["repository": "\(repository)", "path": "\(path)", "error": "\(error)"])
            index = nil
        }
        cache[repository] = (modified, index)
        return index
    }
}
