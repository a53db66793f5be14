import Foundation
import LeveeCLI

exit(await LeveeCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
