import LeveeCore
